package io.jsonrpcclient.http;

import javax.net.ssl.SSLContext;

/** The {@code HttpURLConnection} engine ({@link HttpEngines#urlConnection()}) against real loopback servers. */
class UrlConnectionEngineTest extends BlockingEngineContract {

    @Override
    HttpEngine engine() {
        return HttpEngines.urlConnection();
    }

    @Override
    HttpEngine engine(SSLContext sslContext) {
        return HttpEngines.urlConnection(sslContext);
    }
}
