/** A screen of the app. main.ts shows one at a time. */
export interface View {
  readonly element: HTMLElement;
  /** Runs once the element is in the document (Leaflet needs the map's size). */
  mounted?(): void;
  /** Re-renders the visible strings after a language change, keeping state (form input, map position). */
  relabel(): void;
  destroy(): void;
}
