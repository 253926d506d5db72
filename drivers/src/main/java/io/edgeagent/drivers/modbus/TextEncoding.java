package io.edgeagent.drivers.modbus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How the bytes of a {@code string(n)} value are text: the PLC's choice, per signal. A Chinese PLC writes program
 * names and mould ids in GBK (the Windows code page of simplified Chinese, which its engineering software uses) or,
 * newer ones, in UTF-8; others write ASCII. A byte that is not text in the encoding reads as U+FFFD (�), never as
 * some other character: a string with � in it says "set the right encoding", where ISO-8859-1 once made GBK text
 * into plausible Latin letters.
 */
public enum TextEncoding {
    /** Bytes 0 to 127; any other byte reads as U+FFFD. The default. */
    ASCII("ascii", StandardCharsets.US_ASCII),
    UTF_8("utf-8", StandardCharsets.UTF_8),
    /** GBK (code page 936), two bytes for a Chinese character, ASCII for the rest. */
    GBK("gbk", Charset.forName("GBK"));

    /** Every encoding as the config spells it. */
    public static final List<String> NAMES = Arrays.stream(values()).map(TextEncoding::configName).toList();

    private final String configName;
    private final Charset charset;

    TextEncoding(String configName, Charset charset) {
        this.configName = configName;
        this.charset = charset;
    }

    /** {@code ascii}, {@code utf-8} or {@code gbk}. */
    public String configName() {
        return configName;
    }

    /**
     * The encoding the config names, in lower case.
     *
     * @throws UnknownWordException naming the text and the encodings there are
     */
    public static TextEncoding parse(String text) {
        return Arrays.stream(values()).filter(encoding -> encoding.configName.equals(text)).findFirst()
                .orElseThrow(() -> new UnknownWordException("'" + text + "' is not a text encoding: use "
                        + String.join(", ", NAMES), text, NAMES));
    }

    /** The first {@code length} bytes as text; a byte (or byte sequence) that is not text here reads as U+FFFD. */
    String decode(byte[] bytes, int length) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a decoder that replaces does not throw", e);
        }
    }

    @Override
    public String toString() {
        return configName;
    }
}
