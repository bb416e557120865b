/** Shared, frame-aligned chunks of one rendition and the broadcast buffer that fans them out to listeners. */
package org.airwave.core.stream;
