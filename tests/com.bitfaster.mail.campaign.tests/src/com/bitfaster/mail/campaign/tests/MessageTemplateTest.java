package com.bitfaster.mail.campaign.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.bitfaster.mail.campaign.MessageTemplate;

class MessageTemplateTest {

	private final MessageTemplate template = new MessageTemplate("Hello {{First Name}}, your {{plan}} offer", //$NON-NLS-1$
			"Dear {{ first name }},\n{{plan}} is waiting.", "<p>Dear {{First Name}}</p><p>{{plan}}</p>"); //$NON-NLS-1$ //$NON-NLS-2$

	@Test
	void fieldsAreFoundAndMissingOnesReportedBeforeSending() {
		assertEquals(Set.of("First Name", "plan", "first name"), template.fieldsUsed()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of(), template.missingFields(List.of("email", "first name", "PLAN"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals(List.of("plan"), template.missingFields(List.of("email", "First Name"))); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> template.render(Map.of("First Name", "Ada"))); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("The template uses fields the list does not have: plan.", e.getMessage()); //$NON-NLS-1$
	}

	@Test
	void valuesAreEscapedInHtmlAndFlattenedInTheSubject() {
		MessageTemplate.Rendered r = template.render(Map.of("first name", "Ada <script>alert('x')</script> & Co", //$NON-NLS-1$ //$NON-NLS-2$
				"plan", "Pro\r\nBcc: victim@example.org")); //$NON-NLS-1$ //$NON-NLS-2$
		assertEquals("Hello Ada <script>alert('x')</script> & Co, your Pro Bcc: victim@example.org offer", r.subject()); //$NON-NLS-1$
		assertEquals("<p>Dear Ada &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</p><p>Pro\r\nBcc: victim@example.org</p>", //$NON-NLS-1$
				r.html());
		assertEquals("Dear Ada <script>alert('x')</script> & Co,\nPro\r\nBcc: victim@example.org is waiting.", r.text()); //$NON-NLS-1$
	}

	@Test
	void replacementTextWithDollarSignsIsTakenLiterally() {
		MessageTemplate t = new MessageTemplate("{{price}}", "", ""); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
		assertEquals("$5 \\o/", t.render(Map.of("price", "$5 \\o/")).subject()); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
	}
}
