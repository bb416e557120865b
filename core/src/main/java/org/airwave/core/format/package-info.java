/** Audio stream framing: finds whole MP3/ADTS frames and Ogg pages in a source's byte stream. */
package org.airwave.core.format;
