/** The Icecast-compatible admin API (stats, mount and client lists, kill and move), behind the admin credentials. */
package org.airwave.serve.admin;
