<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 640px;">
  <p id="cc-paused"><strong>${msg("ccEmailBatchPausedBody", ccSiteName, ccBatchSlice, ccBatchRest)}</strong></p>
  <p id="cc-pause-reason">${msg("ccEmailBatchPausedWhy")} <strong>${ccBatchPauseReason!""}</strong></p>
  <table id="cc-batch" style="border-collapse: collapse; font-size: 14px;">
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchId")}</td><td><code>${ccBatchId}</code></td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchSource")}</td><td>${ccBatchSource}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchSubmitter")}</td><td>${ccBatchSubmitter}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchReason")}</td><td>${ccBatchReason}</td></tr>
  </table>
  <#if ccConsoleUrl??>
  <p id="cc-console">${msg("ccEmailBatchConsole")}<br><a href="${ccConsoleUrl}">${ccConsoleUrl}</a></p>
  </#if>
  <p id="cc-how">${msg("ccEmailBatchPausedHowTo")}</p>
  <pre style="background: #f4f4f4; padding: 8px; font-size: 12px;">POST ${ccServerUrl!""}${ccContinuePath?remove_beginning("/")}
POST ${ccServerUrl!""}${ccRevertPath?remove_beginning("/")}   {"notifyUsers": true}
POST ${ccServerUrl!""}${ccDropRestPath?remove_beginning("/")}</pre>
</div>
</@layout.emailLayout>
