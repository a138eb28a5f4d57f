import type { AuditReport } from "../../core";

/**
 * One self-contained HTML file (inline CSS, script and SVG; no network fetch, works offline): the summary, a deadline
 * timeline, blockers by rule, and a sortable, filterable table with each cluster's plan. The report travels as JSON in
 * a non-executed script element, escaped so no cluster name or message can close it.
 */
export function renderHtml(report: AuditReport): string {
  const data = JSON.stringify(report)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>AKS network audit — ${escapeHtml(report.summary.generatedAt.slice(0, 10))}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>AKS network audit</h1><p id="meta"></p></header>
<section id="summary" aria-label="summary"></section>
<section class="panels">
  <div class="panel"><h2>Retirement deadlines</h2><div id="timeline"></div></div>
  <div class="panel"><h2>Blockers by rule</h2><div id="blockers"></div></div>
</section>
<section class="panel">
  <h2>Clusters</h2>
  <div class="filters">
    <input id="filter" type="search" placeholder="Filter: name, subscription, rule, step…" aria-label="filter">
    <select id="status" aria-label="status"><option value="">every status</option></select>
    <select id="ipam" aria-label="IPAM mode"><option value="">every IPAM mode</option></select>
    <span id="shown"></span>
  </div>
  <table id="clusters"><thead><tr></tr></thead><tbody></tbody></table>
</section>
<script type="application/json" id="report">${data}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#f6f8fa;--red:#cf222e;--amber:#bf8700;--green:#1a7f37;--blue:#0969da}
*{box-sizing:border-box}body{margin:0;padding:24px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:#fff}
h1{margin:0 0 4px;font-size:24px}h2{margin:0 0 12px;font-size:16px}#meta{margin:0;color:var(--muted)}
#summary{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:160px}
.card .n{font-size:28px;font-weight:600}.card .l{color:var(--muted)}.card ul{margin:6px 0 0;padding-left:18px}
.panels{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px;margin-bottom:16px}
.panel{border:1px solid var(--line);border-radius:8px;padding:16px;overflow:auto}
.filters{display:flex;gap:8px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
input,select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:6px}input{min-width:280px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);cursor:pointer;user-select:none;white-space:nowrap}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
code{font-size:12px;background:var(--bg);padding:1px 4px;border-radius:4px;word-break:break-all}
.s-no-path,.s-unreadable{color:var(--red);font-weight:600}.s-migrate{color:var(--amber);font-weight:600}.s-at-target{color:var(--green);font-weight:600}
.passed{color:var(--red)}.bar{fill:var(--blue)}.bar.passed{fill:var(--red)}.axis{stroke:var(--muted)}svg text{font-size:11px;fill:var(--fg)}
ol{margin:0;padding-left:18px}
`;

// Plain ES2017 in the page: it must run in any browser, offline, without a build step.
const SCRIPT = `
(function(){
"use strict";
var report=JSON.parse(document.getElementById("report").textContent);
var s=report.summary;
function el(tag,attrs,children){var e=document.createElement(tag);for(var k in attrs||{}){if(k==="text")e.textContent=attrs[k];else e.setAttribute(k,attrs[k]);}(children||[]).forEach(function(c){e.appendChild(typeof c==="string"?document.createTextNode(c):c);});return e;}
function svg(tag,attrs,text){var e=document.createElementNS("http://www.w3.org/2000/svg",tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!==undefined)e.textContent=text;return e;}
document.getElementById("meta").textContent=s.clusters+" clusters in "+s.subscriptions+" subscriptions"+(s.managementGroups.length?" (management group "+s.managementGroups.join(", ")+")":"")+" · generated "+s.generatedAt+" · target: "+Object.keys(s.target).map(function(k){return k+" "+s.target[k];}).join(", ");
function card(n,label,counts){var c=el("div",{"class":"card"},[el("div",{"class":"n",text:String(n)}),el("div",{"class":"l",text:label})]);if(counts){var ul=el("ul");Object.keys(counts).sort(function(a,b){return counts[b]-counts[a];}).forEach(function(k){ul.appendChild(el("li",{text:k+": "+counts[k]}));});c.appendChild(ul);}return c;}
var sum=document.getElementById("summary");
sum.appendChild(card(s.clusters,"clusters",s.byStatus));
sum.appendChild(card(Object.keys(s.byIpamMode).length,"IPAM modes",s.byIpamMode));
sum.appendChild(card(Object.keys(s.byNetworkPolicy).length,"policy engines",s.byNetworkPolicy));
sum.appendChild(card(Object.keys(s.byDataplane).length,"data planes",s.byDataplane));
s.notes.forEach(function(n){sum.appendChild(el("div",{"class":"card"},[el("div",{"class":"l",text:"note"}),el("div",{text:n})]));});
// Deadline timeline: one bar per retirement date, height = clusters it retires, on a time axis from today.
(function(){var box=document.getElementById("timeline");var d=s.deadlines;if(!d.length){box.textContent="No cluster has a retirement deadline.";return;}
var W=620,H=220,L=110,R=110,T=20,B=60;var today=Date.parse(s.generatedAt.slice(0,10)+"T00:00:00Z");
var times=d.map(function(x){return Date.parse(x.date+"T00:00:00Z");}).concat([today]);var t0=Math.min.apply(null,times),t1=Math.max.apply(null,times);if(t1===t0)t1=t0+864e5;
var max=Math.max.apply(null,d.map(function(x){return x.clusters;}));var g=svg("svg",{viewBox:"0 0 "+W+" "+H,width:W,height:H,role:"img","aria-label":"clusters per retirement date"});
var x=function(t){return L+(W-L-R)*(t-t0)/(t1-t0);};g.appendChild(svg("line",{x1:L,y1:H-B,x2:W-R,y2:H-B,"class":"axis"}));
g.appendChild(svg("line",{x1:x(today),y1:T,x2:x(today),y2:H-B,"class":"axis","stroke-dasharray":"4 3"}));g.appendChild(svg("text",{x:x(today)+3,y:T+8},"today"));
d.forEach(function(v,i){var h=(H-B-T)*v.clusters/max;var bx=x(Date.parse(v.date+"T00:00:00Z"))-9+(i%2)*2;var r=svg("rect",{x:bx,y:H-B-h,width:18,height:Math.max(h,1),"class":"bar"+(v.passed?" passed":"")});r.appendChild(svg("title",{},v.what+" "+v.date+": "+v.clusters+" clusters"));g.appendChild(r);
g.appendChild(svg("text",{x:bx,y:H-B-h-4},String(v.clusters)));g.appendChild(svg("text",{x:bx+9,y:H-B+14+14*(i%3),"text-anchor":"middle"},v.date+" "+v.what+(v.passed?" (passed)":" ("+v.daysLeft+" d)")));});box.appendChild(g);})();
(function(){var box=document.getElementById("blockers");var b=s.blockersByRule;if(!b.length){box.textContent="No cluster is blocked.";return;}var max=b[0].clusters;var t=el("table");b.forEach(function(v){var w=Math.max(2,Math.round(160*v.clusters/max));var bar=svg("svg",{width:164,height:12});bar.appendChild(svg("rect",{x:0,y:1,width:w,height:10,"class":"bar passed"}));t.appendChild(el("tr",{},[el("td",{},[el("code",{text:v.rule})," "+v.title]),el("td",{text:String(v.clusters)}),el("td",{},[bar])]));});box.appendChild(t);})();
var cols=[["name","cluster"],["subscriptionId","subscription"],["resourceGroup","resource group"],["location","location"],["kubernetesVersion","version"],["ipamMode","IPAM"],["networkPolicy","policy"],["dataplane","data plane"],["status","status"],["deadline","next deadline"],["plan","plan"]];
var head=document.querySelector("#clusters thead tr"),body=document.querySelector("#clusters tbody");
function firstDeadline(c){return c.deadlines.length?c.deadlines[0]:null;}
function key(c,k){if(k==="deadline"){var d=firstDeadline(c);return d?d.date:"9999";}if(k==="plan")return c.plan?(c.plan.reachable?c.plan.steps.length:100+c.plan.blockers.length):999;return c[k]===null||c[k]===undefined?"":c[k];}
var sortKey="name",sortDir=1;
cols.forEach(function(c){var th=el("th",{text:c[1],"data-key":c[0]});th.addEventListener("click",function(){sortDir=sortKey===c[0]?-sortDir:1;sortKey=c[0];draw();});head.appendChild(th);});
function uniq(k){var seen={};report.clusters.forEach(function(c){if(c[k])seen[c[k]]=1;});return Object.keys(seen).sort();}
uniq("status").forEach(function(v){document.getElementById("status").appendChild(el("option",{value:v,text:v}));});
uniq("ipamMode").forEach(function(v){document.getElementById("ipam").appendChild(el("option",{value:v,text:v}));});
function planCell(c){if(!c.plan)return el("span",{"class":"s-unreadable",text:"unreadable: "+(c.error||"")});
if(!c.plan.reachable)return el("div",{},[el("b",{text:"No in-place path: "})].concat(c.plan.blockers.map(function(b){return el("div",{},[el("code",{text:b.rule})," "+b.message+" Fix: "+b.fix]);})));
if(!c.plan.steps.length)return el("span",{"class":"s-at-target",text:"at the target"});
return el("ol",{},c.plan.steps.map(function(st){return el("li",{},[(st.prerequisite?"(prerequisite) ":"")+st.title+" ",el("code",{text:st.azCommand})]);}));}
function text(c){return [c.id,c.name,c.subscriptionId,c.resourceGroup,c.location,c.ipamMode,c.networkPolicy,c.dataplane,c.status,c.error||""].concat(c.findings.map(function(f){return f.rule;})).concat(c.plan?c.plan.steps.map(function(x){return x.title+" "+x.azCommand;}).concat(c.plan.blockers.map(function(b){return b.rule;})):[]).join(" ").toLowerCase();}
var texts=report.clusters.map(text);
function draw(){var q=document.getElementById("filter").value.trim().toLowerCase(),st=document.getElementById("status").value,ip=document.getElementById("ipam").value;
var rows=report.clusters.map(function(c,i){return i;}).filter(function(i){var c=report.clusters[i];return (!st||c.status===st)&&(!ip||c.ipamMode===ip)&&(!q||texts[i].indexOf(q)>=0);});
rows.sort(function(a,b){var x=key(report.clusters[a],sortKey),y=key(report.clusters[b],sortKey);return (x<y?-1:x>y?1:a-b)*sortDir;});
head.querySelectorAll("th").forEach(function(th){th.setAttribute("aria-sort",th.getAttribute("data-key")===sortKey?(sortDir>0?"ascending":"descending"):"none");});
var frag=document.createDocumentFragment();rows.forEach(function(i){var c=report.clusters[i];var d=firstDeadline(c);frag.appendChild(el("tr",{},[el("td",{title:c.id},[el("b",{text:c.name})]),el("td",{},[el("code",{text:c.subscriptionId})]),el("td",{text:c.resourceGroup}),el("td",{text:c.location}),el("td",{text:c.kubernetesVersion||"—"}),el("td",{text:c.ipamMode||"—"}),el("td",{text:c.networkPolicy||"—"}),el("td",{text:c.dataplane||"—"}),el("td",{"class":"s-"+c.status,text:c.status}),el("td",{"class":d&&d.passed?"passed":"",text:d?d.what+" "+d.date+(d.passed?" (passed)":" ("+d.daysLeft+" days)"):"—"}),el("td",{},[planCell(c)])]));});
body.textContent="";body.appendChild(frag);document.getElementById("shown").textContent=rows.length+" of "+report.clusters.length+" shown";}
// The view lives in the address (#q=…&status=…&ipam=…&sort=…&dir=desc), so a filtered, sorted table can be shared.
var fields={q:"filter",status:"status",ipam:"ipam"};
location.hash.replace(/^#/,"").split("&").forEach(function(kv){var i=kv.indexOf("=");if(i<0)return;var k=decodeURIComponent(kv.slice(0,i)),v=decodeURIComponent(kv.slice(i+1));
if(fields[k])document.getElementById(fields[k]).value=v;else if(k==="sort"&&cols.some(function(c){return c[0]===v;}))sortKey=v;else if(k==="dir")sortDir=v==="desc"?-1:1;});
function remember(){var parts=[];Object.keys(fields).forEach(function(k){var v=document.getElementById(fields[k]).value;if(v)parts.push(k+"="+encodeURIComponent(v));});
if(sortKey!=="name"||sortDir<0)parts.push("sort="+encodeURIComponent(sortKey),"dir="+(sortDir<0?"desc":"asc"));try{history.replaceState(null,"","#"+parts.join("&"));}catch(e){}}
["filter","status","ipam"].forEach(function(id){document.getElementById(id).addEventListener("input",function(){remember();draw();});});
head.addEventListener("click",remember);
draw();
})();
`;
