// Every command registers itself from its own module; apply's module loads the Azure SDK only when apply runs.
import "./check";
import "./plan";
import "./apply-spec";
import "./baseline";
import "./rules";
import "./demo";
