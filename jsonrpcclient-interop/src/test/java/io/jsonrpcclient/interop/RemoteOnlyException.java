package io.jsonrpcclient.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * An exception whose class exists only on the server's side: compiled at run time into a folder
 * of its own and loaded by a class loader the tests' class loader cannot see. jsonrpc4j names it in
 * {@code error.data.exceptionTypeName}; a client that tried to load that name would fail (as
 * jsonrpc4j's own client does, issue #165), and ours must not try.
 */
final class RemoteOnlyException {

    /** The class's name, which no class on the test class path has. */
    static final String NAME = "com.example.ledger.AccountFrozenException";

    private RemoteOnlyException() {
    }

    /**
     * Compiles and loads the class, and returns an instance.
     *
     * @param message the exception's message
     * @return the exception
     */
    static RuntimeException create(String message) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new AssertionError("no Java compiler: run the tests on a JDK, not a JRE");
        }
        try {
            Path dir = Files.createTempDirectory(Peers.workDir("jsonrpc4j"), "remote-classes-");
            Path source = dir.resolve("com/example/ledger/AccountFrozenException.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "package com.example.ledger;\n"
                    + "public class AccountFrozenException extends RuntimeException {\n"
                    + "    public AccountFrozenException(String message) { super(message); }\n"
                    + "}\n");
            int exit = javac.run(null, null, null, "-d", dir.toString(), source.toString());
            if (exit != 0) {
                throw new AssertionError("javac failed compiling " + source);
            }
            var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass(NAME);
            return (RuntimeException) type.getConstructor(String.class).newInstance(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("could not load " + NAME, e instanceof InvocationTargetException i ? i.getCause() : e);
        }
    }
}
