import { createContext, useContext, useSyncExternalStore } from 'react';
import type { CaseStatus } from '../../api/domain/caseStatus.js';
import type { Priority } from '../../api/domain/sla.js';
import type { FeedbackKindT } from '../../api/contract.js';
import type { Responses, Suggestion } from '../protocol.js';
import type { BarState, OverlayStore, PageState, Panel } from './store.js';

export interface CasePatch {
  status?: CaseStatus;
  priority?: Priority;
  assigneeId?: string | null;
  tags?: string[];
}
export interface CustomerPatch {
  name?: string;
  tags?: string[];
  vip?: boolean;
}

/** What a bar can do; the runtime implements it (messages, site adapter). */
export interface OverlayActions {
  setPanel(key: string, panel: Panel): void;
  suggestions(key: string): Promise<Suggestion[]>;
  /** `templateId`: the template the text came from, which the reply sent after it will name. */
  insert(key: string, text: string, templateId?: string): Promise<void>;
  caseForm(key: string): Promise<Responses['case.form']>;
  createCase(key: string, form: { excerpt: string; priority: Priority; assigneeId: string | null }): Promise<void>;
  /** A case right away, with the priority the post suggests. */
  openCaseNow(key: string): Promise<void>;
  /** Moves the post's case to another status (checked against the version on screen). */
  setStatus(key: string, status: CaseStatus): Promise<void>;
  /** Priority, assignee or tags of the post's case (checked against the version on screen). */
  changeCase(key: string, patch: CasePatch): Promise<void>;
  /** The case in full (notes, timeline, the customer's notes and other profiles) in the side panel. */
  openInPanel(key: string, caseId: string): Promise<void>;
  /** Puts the post in one of its author's open cases. */
  linkPost(key: string, caseId: string): Promise<void>;
  editCustomer(key: string, patch: CustomerPatch): Promise<boolean>;
  /** Merges the profile with this handle into the post's customer; answers why not, if not. */
  mergeCustomer(key: string, platform: 'x' | 'facebook', handle: string): Promise<string | undefined>;
  openOptions(): void;
  /** Records a brand reply on the page as the team's reply on the case of the post it answers. */
  recordAnswer(key: string): Promise<void>;
  /** Tags the post as what the customer tells the company (or changes its tag), in a case or not. */
  tagFeedback(key: string, kind: FeedbackKindT, theme: string): Promise<void>;
  removeFeedback(key: string): Promise<void>;
}

export const OverlayContext = createContext<{ store: OverlayStore; actions: OverlayActions } | null>(null);

export function useOverlay() {
  const overlay = useContext(OverlayContext);
  if (!overlay) throw new Error('Parley bar rendered outside its overlay');
  return overlay;
}

export function useBar(key: string): BarState | undefined {
  const { store } = useOverlay();
  return useSyncExternalStore((listener) => store.subscribeBar(key, listener), () => store.bar(key));
}

export function usePage(): PageState {
  const { store } = useOverlay();
  return useSyncExternalStore((listener) => store.subscribePage(listener), () => store.page);
}
