/**
 * The download flow of sdk-media: endpoint choice, the hand-followed redirect chain, the origin
 * rule, key capture and the layered response body. <strong>Not API.</strong>
 */
@NullMarked
package dev.mxsdk.media.internal.flow;

import org.jspecify.annotations.NullMarked;
