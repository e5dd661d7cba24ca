/**
 * The pieces behind the {@code jsonrpc} commands: argument parsing, output, error reporting,
 * logging and the demo. Not an API; anything here may change without notice.
 */
package io.jsonrpcclient.cli.internal;
