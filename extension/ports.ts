/** The ports to the background: a content script's, and the side panel's (an extension page that hears what the bars hear). */
export const TAB_PORT = 'parley-tab';
export const PANEL_PORT = 'parley-panel';
