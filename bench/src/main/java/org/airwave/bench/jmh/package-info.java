/**
 * JMH micro-benchmarks of the listener hot path, compiled against the server's jar: appending a
 * chunk to a broadcast buffer and draining a listener (with and without ICY interleave). Run with
 * {@code java -cp bench/target/airwave-bench.jar:app/target/airwave.jar org.openjdk.jmh.Main}.
 */
package org.airwave.bench.jmh;
