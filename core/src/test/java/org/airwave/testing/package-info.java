/** Test support shared by every module's tests (published as the core test-jar). */
package org.airwave.testing;
