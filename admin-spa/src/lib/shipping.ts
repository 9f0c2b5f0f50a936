// Shipping zones as the admin types them.

/** `DE, AT, US/CA` as zone regions: countries, or a country's region after a slash. */
export function regionsOf(text: string): { country: string; region: string | null }[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const [country = "", region = ""] = part.split("/").map((piece) => piece.trim());
      return { country: country.toUpperCase(), region: region === "" ? null : region };
    });
}
