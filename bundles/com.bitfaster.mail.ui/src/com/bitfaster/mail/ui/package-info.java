/**
 * API for contributions to the BitFaster workbench: {@link com.bitfaster.mail.ui.TransportConfigurator} for the
 * {@code com.bitfaster.mail.ui.transportConfigurators} extension point; and what the workbench's own bundles share:
 * {@link com.bitfaster.mail.ui.MailServices}, {@link com.bitfaster.mail.ui.HeadingMessage},
 * {@link com.bitfaster.mail.ui.UserPrompts}.
 */
package com.bitfaster.mail.ui;
