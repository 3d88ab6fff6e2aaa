<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 640px;">
  <p id="cc-digest"><strong>${msg("ccEmailDigestBody", ccSiteName)}</strong></p>
  <table id="cc-digest-counts" style="border-collapse: collapse; font-size: 14px;">
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestPeriod")}</td><td id="cc-digest-period">${ccDigestFrom}<#if ccDigestTo != ccDigestFrom> – ${ccDigestTo}</#if></td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestNewFlags")}</td><td id="cc-digest-new"><strong>${ccDigestNewFlags}</strong></td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestResolved")}</td><td id="cc-digest-resolved">${ccDigestResolved}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestDismissed")}</td><td id="cc-digest-dismissed">${ccDigestDismissed}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestNotTold")}</td><td id="cc-digest-not-told">${ccDigestNotTold}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestHeld")}</td><td id="cc-digest-held">${ccDigestHeld}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailDigestAttacks")}</td><td id="cc-digest-attacks">${ccDigestAttacks}</td></tr>
  </table>
  <#if ccDigestBySource?has_content>
  <p style="margin-bottom: 2px;">${msg("ccEmailDigestBySource")}</p>
  <ul id="cc-digest-sources" style="margin-top: 0;">
    <#list ccDigestBySource as row><li><code>${row.source}</code> · ${row.reason}: <strong>${row.count}</strong></li></#list>
  </ul>
  </#if>
  <#if ccConsoleUrl??>
  <p id="cc-console">${msg("ccEmailDigestConsole")}<br><a href="${ccConsoleUrl}">${ccConsoleUrl}</a></p>
  </#if>
  <p style="color: #555; font-size: 13px;">${msg("ccEmailDigestWhy")}</p>
</div>
</@layout.emailLayout>
