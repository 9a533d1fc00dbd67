export * from "./notice-events.js";
export * from "./notice-view.js";
export * from "./ports.js";
export * from "./deliver-notice.js";
