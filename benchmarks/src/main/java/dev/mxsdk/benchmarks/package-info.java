/** JMH benchmarks for the decode layers and the end-to-end download harness. */
package dev.mxsdk.benchmarks;
