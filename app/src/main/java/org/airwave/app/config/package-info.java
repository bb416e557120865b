/** The configuration model, its YAML loading with defaults and overrides, and its validation. */
package org.airwave.app.config;
