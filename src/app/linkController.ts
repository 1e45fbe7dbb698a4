/**
 * Shareable links: the network and the training settings in the URL fragment (`#net=...`, the
 * core's compact, versioned link codec), never the weights. A link is read once at start, before
 * anything else looks at the network, and then dropped from the address bar so that a reload shows
 * the user's own later edits, not the link again. A bad or old link says why and leaves the saved
 * (or default) network in place.
 */
import { decodeLink, encodeLink } from '../core/export/linkCodec';
import type { AppStore } from '../store/appStore';

export const LINK_PREFIX = '#net=';

export interface LinkController {
  /** The link to the current network and settings. */
  link(): string;
  /** Puts the link on the clipboard; resolves to whether the browser allowed it. */
  copyLink(): Promise<boolean>;
}

/** Opens the network of a `#net=` link, if the page was opened with one. */
export function openLinkAtStart(store: AppStore, location: Location, history: History): void {
  if (!location.hash.startsWith(LINK_PREFIX)) return;
  const read = decodeLink(location.hash);
  history.replaceState(null, '', location.pathname + location.search);
  const state = store.getState();
  if (!read.ok) {
    state.setLinkNotice({ kind: 'problem', text: `This link could not be opened: ${read.message} Your saved network is shown instead.` });
    return;
  }
  state.restoreNetwork({ spec: read.value.spec, presetId: null });
  state.setSettings(read.value.settings);
  const layers = read.value.spec.layers.length;
  state.setLinkNotice({ kind: 'info', text: `Opened the network from the link (${layers} layer${layers === 1 ? '' : 's'}, with its training settings). Links carry no trained weights: train it here.` });
}

export function createLinkController(store: AppStore, location: Location): LinkController {
  const link = () => {
    const { spec, settings } = store.getState();
    return `${location.origin}${location.pathname}${LINK_PREFIX}${encodeLink(spec, settings)}`;
  };
  return {
    link,
    copyLink: async () => {
      try {
        await navigator.clipboard.writeText(link());
        return true;
      } catch {
        return false;
      }
    },
  };
}
