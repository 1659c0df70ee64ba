import { useLayoutEffect } from 'react';

/**
 * Gives focus back to the element that had it when `open` became true (the button or row that opened a dialog or
 * panel) once it closes or unmounts, so keyboard and screen-reader users continue where they were instead of at the
 * top of the page. Captured in a layout effect: before the dialog's own (passive) effects move focus inside it.
 */
export function useReturnFocus(open = true): void {
  useLayoutEffect(() => {
    if (!open) return undefined;
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      // After the dialog has left the page (and its focus trap with it).
      requestAnimationFrame(() => {
        if (!opener?.isConnected) return;
        const current = document.activeElement;
        if (current === null || current === document.body || !current.isConnected) opener.focus();
      });
    };
  }, [open]);
}
