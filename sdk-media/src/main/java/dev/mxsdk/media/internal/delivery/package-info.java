/**
 * Delivery of media bytes to their destination (verified atomic files). <strong>Not API:</strong>
 * anything here may change or disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.media.internal.delivery;

import org.jspecify.annotations.NullMarked;
