import { notFound } from "~/lib/http.server";

// Any URL no route matches: a proper 404 page from the root error boundary.
export async function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
