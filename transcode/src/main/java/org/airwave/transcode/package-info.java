/** FFmpeg (JavaCV) transcoding: decode each source once, encode a ladder of MP3 renditions (the transcoding issue). */
package org.airwave.transcode;
