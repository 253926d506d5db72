package io.edgeagent.agent.config;

import io.edgeagent.drivers.modbus.ModbusType;
import io.edgeagent.drivers.modbus.TextEncoding;
import io.edgeagent.drivers.modbus.RegisterAddress;
import io.edgeagent.drivers.modbus.UnknownWordException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Modbus addressing as the technician writes it, {@code register: holding:2} and {@code type: uint32}, read by the
 * driver's own parsers, their refusals in the file's words.
 */
final class ModbusRegisters {

    private ModbusRegisters() {
    }

    static Optional<RegisterAddress> register(YamlValue value) {
        return parsed(value, RegisterAddress::parse);
    }

    /** A register written as part of a key ({@code holding:9} of {@code holding:9.3}); problems go to {@code where}. */
    static Optional<RegisterAddress> register(String text, YamlValue where) {
        return parsed(text, where, RegisterAddress::parse);
    }

    /** A type the driver knows, and a string one read returns. */
    static Optional<ModbusType> type(YamlValue value) {
        return parsed(value, ModbusType::parse).filter(type -> {
            if (type.length() <= ModbusType.MAX_STRING_LENGTH) {
                return true;
            }
            value.problem(value.path() + " '" + type + "' is longer than one Modbus read returns: use string(n) with"
                    + " n from 1 to " + ModbusType.MAX_STRING_LENGTH);
            return false;
        });
    }

    /** {@code type}, a string, with its bytes read in the encoding {@code value} names. */
    static Optional<ModbusType> encoding(YamlValue value, ModbusType type) {
        // A PLC's manual often says GB2312, which GBK contains; did-you-mean would not find gbk from it.
        if (value.text().filter(text -> text.equalsIgnoreCase("gb2312")).isPresent()) {
            value.problem(value.path() + " 'gb2312' is not one of " + String.join(", ", TextEncoding.NAMES)
                    + ": write gbk, which reads GB2312 text too");
            return Optional.empty();
        }
        return value.oneOf(TextEncoding.NAMES).map(TextEncoding::parse).flatMap(encoding -> {
            if (type.kind() == ModbusType.Kind.STRING) {
                return Optional.of(type.in(encoding));
            }
            value.problem(value.path() + " is for text, type string(n); a " + type + " is no text: remove encoding");
            return Optional.empty();
        });
    }

    /** The default type of an area: bits for coils and discrete inputs, an unsigned word for registers. */
    static ModbusType defaultType(RegisterAddress register) {
        return ModbusType.of(register.area().isBit() ? ModbusType.Kind.BOOL : ModbusType.Kind.UINT16);
    }

    /** What the driver's parser refuses is a problem in its words, with the closest word it knows. */
    private static <T> Optional<T> parsed(YamlValue value, Function<String, T> parser) {
        return value.text().flatMap(text -> parsed(text, value, parser));
    }

    private static <T> Optional<T> parsed(String text, YamlValue where, Function<String, T> parser) {
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            String hint = e instanceof UnknownWordException unknown
                    ? DidYouMean.closest(unknown.word(), unknown.known()).map(s -> "; did you mean '" + s + "'?")
                            .orElse("")
                    : "";
            where.problem(where.path() + " " + e.getMessage() + hint);
            return Optional.empty();
        }
    }
}
