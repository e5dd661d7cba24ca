package io.jsonrpcclient.cli.internal;

import io.jsonrpcclient.IdGenerator;
import io.jsonrpcclient.IdGenerators;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The request id styles {@code --id} offers, each one of the library's stock generators. */
public enum IdStyle {
    /** 1, 2, 3 … (the default, so a fresh {@code jsonrpc call} sends id 1). */
    DECIMAL(IdGenerators::decimal),
    /** "1" … "9", "a", "b" … */
    HEX(IdGenerators::hex),
    /** Random UUID strings. */
    UUID(IdGenerators::uuid),
    /** Random strings of 8 digits and lowercase letters. */
    RANDOM(IdGenerators::random);

    private final Supplier<IdGenerator> factory;

    IdStyle(Supplier<IdGenerator> factory) {
        this.factory = factory;
    }

    /** {@return a new generator of this style, with its own sequence} */
    public IdGenerator newGenerator() {
        return factory.get();
    }

    /** Reads {@code --id} values, case-insensitively, naming the choices in lowercase when it cannot. */
    public static final class Converter implements ITypeConverter<IdStyle> {
        @Override
        public IdStyle convert(String value) {
            for (IdStyle style : values()) {
                if (style.name().equalsIgnoreCase(value.strip())) {
                    return style;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an id style: use "
                    + Arrays.stream(values()).map(IdStyle::toString).collect(Collectors.joining(", ")));
        }
    }

    /** {@return the name as typed on the command line, in lowercase} */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
