/**
 * Hand-written JSON readers and writers of sdk-media's wire objects. <strong>Not API.</strong>
 */
@NullMarked
package dev.mxsdk.media.internal.json;

import org.jspecify.annotations.NullMarked;
