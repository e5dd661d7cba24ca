/**
 * Implementation details of {@link io.jsonrpcclient.testing.MockJsonRpcServer}: public only so
 * the public package can reach them. Not an API; anything here may change without notice.
 */
package io.jsonrpcclient.testing.internal;
