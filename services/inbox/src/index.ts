// @sharehub/inbox: each team's notifications, acknowledgements, escalations, the triage queue and the web pages.
export { readInboxConfig, inboxConfigSchema, type InboxConfig } from './config.js';
export { createInbox, type Inbox, type InboxDeps } from './createInbox.js';
export {
  createInboxOperations,
  assignableTeams,
  toNotificationView,
  type InboxOperations,
} from './inboxOperations.js';
export {
  createInboxEvents,
  assignedNotification,
  assignedNotificationId,
  type InboxEvents,
} from './events/inboxEvents.js';
export { inboxTopics, type InboxTopics } from './events/inboxTopics.js';
export type * from './store/InboxStore.js';
export { SqlInboxStore } from './store/SqlInboxStore.js';
