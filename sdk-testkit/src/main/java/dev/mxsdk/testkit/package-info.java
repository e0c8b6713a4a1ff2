/**
 * A reference Matrix homeserver media repository and MSC4097 CDN for tests, built on the JDK's own
 * HTTP server.
 */
@NullMarked
package dev.mxsdk.testkit;

import org.jspecify.annotations.NullMarked;
