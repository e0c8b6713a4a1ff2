/** The Android sample app: how a Matrix client loads plain and E2EE media with sdk-media. */
package dev.mxsdk.sample;
