package bench.bare;

import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

public class BarePerspective implements IPerspectiveFactory {

	@Override
	public void createInitialLayout(IPageLayout layout) {
		layout.addView("bench.bare.view", IPageLayout.LEFT, 0.34f, layout.getEditorArea()); //$NON-NLS-1$
	}
}
