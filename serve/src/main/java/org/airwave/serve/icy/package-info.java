/** ICY in-band metadata: encoding of shared metadata blocks and the per-listener interleaving counter. */
package org.airwave.serve.icy;
