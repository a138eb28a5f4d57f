// Commands that live in their own modules register here, so run.ts stays free of their dependencies.
import "./apply";
import "./baseline";
import "./rules";
export {};
