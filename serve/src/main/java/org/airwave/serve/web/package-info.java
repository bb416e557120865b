/** The listener web page, its static files, and the routing and response helpers the status and admin endpoints share. */
package org.airwave.serve.web;
