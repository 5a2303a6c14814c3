/**
 * The rendered mail preview the workbench's views share: {@link com.bitfaster.mail.ui.preview.MessagePreview}, the
 * widget, and {@link com.bitfaster.mail.ui.preview.PreviewDocument}, the cleaning and content policy behind it.
 */
package com.bitfaster.mail.ui.preview;
