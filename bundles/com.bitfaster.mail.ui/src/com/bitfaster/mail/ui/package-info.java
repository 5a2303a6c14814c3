/**
 * API for contributions to the BitFaster workbench: {@link com.bitfaster.mail.ui.TransportConfigurator} for the
 * {@code com.bitfaster.mail.ui.transportConfigurators} extension point.
 */
package com.bitfaster.mail.ui;
