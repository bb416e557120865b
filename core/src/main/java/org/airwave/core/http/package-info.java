/**
 * The HTTP pieces every port shares: one reading of request targets and queries, one decoding of
 * Basic credentials. Plain values in, plain values out, no Netty codec types, so every module can
 * use them.
 */
package org.airwave.core.http;
