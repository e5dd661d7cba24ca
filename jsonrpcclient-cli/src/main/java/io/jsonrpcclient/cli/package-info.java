/**
 * The {@code jsonrpc} command-line tool: {@code call}, {@code notify}, {@code send} and {@code demo},
 * a thin shell over the library's public API. Start at {@link io.jsonrpcclient.cli.Main}; the exit
 * codes are in {@link io.jsonrpcclient.cli.ExitCodes}.
 */
package io.jsonrpcclient.cli;
