/** Password checks held off per client address: the throttle every login of every port goes through. */
package org.airwave.core.auth;
