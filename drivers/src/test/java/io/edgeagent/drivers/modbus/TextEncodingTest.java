package io.edgeagent.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeagent.drivers.Quality;
import io.edgeagent.drivers.modbus.ModbusProbe.ProbeException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 21: a Chinese PLC's program names and mould ids, in GBK or UTF-8, arrived as Latin-1 garble. Read here from a
 * real j2mod slave and decoded as the driver decodes a signal (Codec.sample), in the signal's encoding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextEncodingTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final String MOULD = "模具-A07";
    private static final String PROGRAM = "注塑程序1";

    private final CountingProcessImage image = new CountingProcessImage(1, 40);
    private TestSlave slave;
    private ModbusTransport.Tcp tcp;

    @BeforeAll
    void startSlave() {
        image.holding(0, words(MOULD, GBK, 8));                          // string(16), 8 bytes and 8 NULs
        image.holding(8, words(PROGRAM, StandardCharsets.UTF_8, 10));   // string(20), 13 bytes
        image.holding(18, words(PROGRAM, GBK, 6));                       // string(12), 9 bytes and 3 spaces
        slave = TestSlave.start(TestSlave.freePort(), false, 1, image);
        tcp = new ModbusTransport.Tcp("127.0.0.1", slave.port(), false);
    }

    @AfterAll
    void stopSlave() {
        slave.close();
    }

    @Test
    void gbkAndUtf8RegistersReadAsTheChineseTextThePlcWrote() throws ProbeException {
        int[] words = read(0, 24);

        assertEquals(MOULD, text(words, 0, ModbusType.string(16, TextEncoding.GBK)));
        assertEquals(PROGRAM, text(words, 0, ModbusType.string(20, TextEncoding.UTF_8), 8));
        assertEquals(PROGRAM, text(words, 0, ModbusType.string(12, TextEncoding.GBK), 18));
    }

    @Test
    void asciiTheDefaultReplacesEveryByteAbove127Visibly() throws ProbeException {
        int[] words = read(0, 8);

        // Four GBK bytes of 模具 are four U+FFFD, not the plausible Latin letters ISO-8859-1 made of them.
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD-A07", text(words, 0, ModbusType.string(16)));
        assertEquals(ModbusType.string(16), ModbusType.parse("string(16)"), "ascii unless the config says otherwise");
    }

    @Test
    void aCharacterCutByTheLengthOrReadInTheWrongEncodingShowsAReplacement() throws ProbeException {
        int[] words = read(0, 8);

        // string(3) ends inside 具: the half character is U+FFFD.
        assertEquals("模\uFFFD", text(words, 0, ModbusType.string(3, TextEncoding.GBK)));
        // GBK bytes are mostly not UTF-8 (具's BE DF is not): the technician sees U+FFFD and sets gbk.
        assertTrue(text(words, 0, ModbusType.string(16, TextEncoding.UTF_8)).contains("\uFFFD"));
    }

    @Test
    void swappedBytesInEachRegisterAreUndoneBeforeTheTextIsDecoded() {
        int[] swapped = Arrays.stream(words(MOULD, GBK, 4)).map(w -> (w & 0xFF) << 8 | w >> 8).toArray();
        ModbusSignal signal = new ModbusSignal("mould", RegisterArea.HOLDING_REGISTER, 0,
                ModbusType.string(8, TextEncoding.GBK), null, WordOrder.BADC, 1, 0, 0);

        assertEquals(Sample.good(MOULD), Codec.sample(signal, swapped, 0));
    }

    @Test
    void encodingsAreSpeltAsTheConfigSpellsThem() {
        assertEquals(List.of("ascii", "utf-8", "gbk"), TextEncoding.NAMES);
        assertEquals(TextEncoding.UTF_8, TextEncoding.parse("utf-8"));
        UnknownWordException e = assertThrows(UnknownWordException.class, () -> TextEncoding.parse("gb2312"));
        assertEquals("'gb2312' is not a text encoding: use ascii, utf-8, gbk", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModbusType.of(ModbusType.Kind.UINT16).in(TextEncoding.GBK));
    }

    private int[] read(int address, int count) throws ProbeException {
        List<Integer> words = ModbusProbe.read(tcp, 1, RegisterArea.HOLDING_REGISTER, address, count,
                Duration.ofSeconds(2)).words();
        return words.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String text(int[] words, int first, ModbusType type) {
        return text(words, first, type, 0);
    }

    /** The value of a signal of {@code type} at {@code address}, in a reply that starts at {@code first}. */
    private static String text(int[] words, int first, ModbusType type, int address) {
        ModbusSignal signal = new ModbusSignal("text", RegisterArea.HOLDING_REGISTER, address, type, null,
                WordOrder.ABCD, 1, 0, 0);
        Sample sample = Codec.sample(signal, words, first);
        assertEquals(Quality.GOOD, sample.quality(), sample.toString());
        return (String) sample.value();
    }

    /** {@code text} in {@code charset}, padded with NULs (or spaces, for GBK) to {@code registers} registers. */
    private static int[] words(String text, Charset charset, int registers) {
        byte[] bytes = Arrays.copyOf(text.getBytes(charset), 2 * registers);
        if (charset.equals(GBK)) {
            Arrays.fill(bytes, text.getBytes(charset).length, bytes.length, (byte) ' ');
        }
        int[] words = new int[registers];
        for (int i = 0; i < registers; i++) {
            words[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        return words;
    }
}
