package bench.bare;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** The smallest RCP application: one window, one perspective, one view, layout saved like the product's. */
public class BareApplication implements IApplication {

	@Override
	public Object start(IApplicationContext context) {
		Display display = PlatformUI.createDisplay();
		try {
			PlatformUI.createAndRunWorkbench(display, new WorkbenchAdvisor() {
				@Override
				public void initialize(IWorkbenchConfigurer configurer) {
					super.initialize(configurer);
					configurer.setSaveAndRestore(true);
				}

				@Override
				public String getInitialWindowPerspectiveId() {
					return "bench.bare.perspective"; //$NON-NLS-1$
				}

				@Override
				public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
					return new WorkbenchWindowAdvisor(configurer) {
						@Override
						public void preWindowOpen() {
							getWindowConfigurer().setTitle("Bare RCP"); //$NON-NLS-1$
						}
					};
				}
			});
			return IApplication.EXIT_OK;
		} finally {
			display.dispose();
		}
	}

	@Override
	public void stop() {
		// the workbench closes with its window
	}
}
