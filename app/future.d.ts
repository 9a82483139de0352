// Single Fetch (enabled in remix.config.js) keeps Dates and unwraps data() in loader types.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
