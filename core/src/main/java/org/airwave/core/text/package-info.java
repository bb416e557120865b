/** Small text utilities shared by the protocol modules (safe logging of client input). */
package org.airwave.core.text;
