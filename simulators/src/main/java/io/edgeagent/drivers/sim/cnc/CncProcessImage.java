package io.edgeagent.drivers.sim.cnc;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import java.util.Objects;

/**
 * The j2mod process image of one control, over an immutable {@link CncRegisters.Snapshot} that is replaced as a
 * whole. j2mod takes a range from the image and serialises it later; a {@code SimpleProcessImage} updated
 * register by register could hand a master the high word of one value and the low word of the next. Here each
 * range is copied out of a single snapshot, so a 32-bit value is never torn.
 */
final class CncProcessImage implements ProcessImage {

    private volatile CncRegisters.Snapshot snapshot;

    CncProcessImage(CncRegisters.Snapshot initial) {
        this.snapshot = Objects.requireNonNull(initial, "initial");
    }

    void publish(CncRegisters.Snapshot next) {
        snapshot = Objects.requireNonNull(next, "next");
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        CncRegisters.Snapshot current = snapshot;
        checkRange(offset, count, current.holding().size(), "holding register");
        Register[] registers = new Register[count];
        for (int i = 0; i < count; i++) {
            registers[i] = new SimpleRegister(current.holding().get(offset + i));
        }
        return registers;
    }

    @Override
    public Register getRegister(int ref) {
        return getRegisterRange(ref, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        return CncRegisters.HOLDING_COUNT;
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        CncRegisters.Snapshot current = snapshot;
        checkRange(offset, count, 1, "coil");
        return new DigitalOut[] {new SimpleDigitalOut(current.doorOpen())};
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
        return getDigitalOutRange(ref, 1)[0];
    }

    @Override
    public int getDigitalOutCount() {
        return 1;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        CncRegisters.Snapshot current = snapshot;
        checkRange(offset, count, 1, "discrete input");
        return new DigitalIn[] {new SimpleDigitalIn(current.cycleStart())};
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
        return getDigitalInRange(ref, 1)[0];
    }

    @Override
    public int getDigitalInCount() {
        return 1;
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        throw new IllegalAddressException("the control has no input registers");
    }

    @Override
    public InputRegister getInputRegister(int ref) {
        throw new IllegalAddressException("the control has no input registers");
    }

    @Override
    public int getInputRegisterCount() {
        return 0;
    }

    @Override
    public File getFile(int index) {
        throw new IllegalAddressException("the control has no files");
    }

    @Override
    public File getFileByNumber(int ref) {
        throw new IllegalAddressException("the control has no files");
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int index) {
        throw new IllegalAddressException("the control has no FIFOs");
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
        throw new IllegalAddressException("the control has no FIFOs");
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }

    private static void checkRange(int offset, int count, int size, String what) {
        if (offset < 0 || count < 1 || offset + count > size) {
            throw new IllegalAddressException(what + "s " + offset + ".." + (offset + count - 1)
                    + " are not all in 0.." + (size - 1));
        }
    }
}
