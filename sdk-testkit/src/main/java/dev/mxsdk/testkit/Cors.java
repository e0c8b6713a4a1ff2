package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;

/**
 * The CORS headers of each origin, so that web clients (which cannot read a redirect's headers and
 * so use the JSON variant and the CDN directly) can talk to both.
 */
enum Cors {
  /** The homeserver: the headers the client-server spec asks every response to carry. */
  HOMESERVER {
    @Override
    void everyResponse(Headers headers) {
      headers.set("Access-Control-Allow-Origin", "*");
      headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      headers.set("Access-Control-Allow-Headers", "X-Requested-With, Content-Type, Authorization");
    }

    @Override
    void preflight(Headers headers) {}
  },

  /**
   * The CDN: readable by any page, with the headers a decoder needs exposed; a preflight allows
   * {@code Range}, for seeking.
   */
  CDN {
    @Override
    void everyResponse(Headers headers) {
      headers.set("Access-Control-Allow-Origin", "*");
      headers.set("Access-Control-Expose-Headers", "Content-Encoding, Content-Length, Content-Range");
    }

    @Override
    void preflight(Headers headers) {
      headers.set("Access-Control-Allow-Methods", "GET, OPTIONS");
      headers.set("Access-Control-Allow-Headers", "Range");
      headers.set("Access-Control-Max-Age", "600");
    }
  };

  /** Sets the headers every response of the origin carries. */
  abstract void everyResponse(Headers headers);

  /** Sets the headers a preflight ({@code OPTIONS}) answer adds to those of every response. */
  abstract void preflight(Headers headers);
}
