// The line under a figure that names it: what is counted, over which period, at which prices,
// in which currency. The definitions live in app/modules/figures (and the modules they name);
// the texts in app/locales/areas/figures.ts, so a figure reads the same wherever it is shown.
import type { ReactNode } from "react";

export function FigureNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <small className="figure-note" data-testid={testId}>
      {children}
    </small>
  );
}
