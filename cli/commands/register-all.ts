// Every command registers itself from its own module; apply's and audit's modules (the Azure SDK, identity and
// Resource Graph libraries, a third of a second of every CLI start) load only when they run.
import "./check";
import "./plan";
import "./apply-spec";
import "./baseline";
import "./rules";
import "./audit-spec";
import "./demo";
