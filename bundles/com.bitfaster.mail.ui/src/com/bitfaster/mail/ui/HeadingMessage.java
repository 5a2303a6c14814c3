package com.bitfaster.mail.ui;

import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.forms.IMessage;

/**
 * One line of a form heading's message list, shown when the user hovers the heading.
 *
 * @param key     what the message is about (a field)
 * @param message the text
 * @param type    an {@link org.eclipse.jface.dialogs.IMessageProvider} type
 * @param data    anything the page wants back, or {@code null}; a control is also the message's control
 */
public record HeadingMessage(Object key, String message, int type, Object data) implements IMessage {

	@Override
	public Object getKey() {
		return key;
	}

	@Override
	public Object getData() {
		return data;
	}

	@Override
	public Control getControl() {
		return data instanceof Control control ? control : null;
	}

	@Override
	public String getPrefix() {
		return null;
	}

	@Override
	public String getMessage() {
		return message;
	}

	@Override
	public int getMessageType() {
		return type;
	}
}
