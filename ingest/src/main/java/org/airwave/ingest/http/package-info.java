/** A lenient HTTP request-head decoder for the quirks of real source clients, and small HTTP helpers. */
package org.airwave.ingest.http;
