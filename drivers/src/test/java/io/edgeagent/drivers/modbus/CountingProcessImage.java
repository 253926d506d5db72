package io.edgeagent.drivers.modbus;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.util.ArrayList;
import java.util.List;

/**
 * A process image that records every read the slave serves, so a test sees the requests that actually went over the
 * wire. Each area holds addresses 0..size-1; a read beyond that gets ILLEGAL_DATA_ADDRESS from j2mod.
 */
final class CountingProcessImage extends SimpleProcessImage {

    /** One read the slave served (or refused). */
    record Read(RegisterArea area, int address, int count) {
    }

    private final List<Read> reads = new ArrayList<>();
    private volatile int ticking = -1;

    CountingProcessImage(int unitId, int size) {
        super(unitId);
        for (int i = 0; i < size; i++) {
            addRegister(new SimpleRegister(0));
            addInputRegister(new SimpleInputRegister(0));
            addDigitalOut(new SimpleDigitalOut(false));
            addDigitalIn(new SimpleDigitalIn(false));
        }
    }

    /** Sets holding registers from {@code address} on. */
    void holding(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            getRegister(address + i).setValue(words[i]);
        }
    }

    void input(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            ((SimpleInputRegister) getInputRegister(address + i)).setValue(words[i]);
        }
    }

    void coil(int address, boolean value) {
        getDigitalOut(address).set(value);
    }

    void discrete(int address, boolean value) {
        ((SimpleDigitalIn) getDigitalIn(address)).set(value);
    }

    /** From now on every read of holding registers first adds one to this register, like a cycle counter. */
    void tickOnEveryRead(int address) {
        ticking = address;
    }

    synchronized List<Read> reads() {
        return List.copyOf(reads);
    }

    synchronized int readCount() {
        return reads.size();
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        record(RegisterArea.HOLDING_REGISTER, offset, count);
        int tick = ticking;
        if (tick >= 0) {
            Register counter = getRegister(tick);
            counter.setValue((counter.getValue() + 1) & 0xFFFF);
        }
        return super.getRegisterRange(offset, count);
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        record(RegisterArea.INPUT_REGISTER, offset, count);
        return super.getInputRegisterRange(offset, count);
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        record(RegisterArea.COIL, offset, count);
        return super.getDigitalOutRange(offset, count);
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        record(RegisterArea.DISCRETE_INPUT, offset, count);
        return super.getDigitalInRange(offset, count);
    }

    private synchronized void record(RegisterArea area, int offset, int count) {
        reads.add(new Read(area, offset, count));
    }
}
