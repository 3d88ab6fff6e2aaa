<#import "template.ftl" as layout>
<@layout.emailLayout>
<div style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1f1f1f; max-width: 640px;">
  <p id="cc-held"><strong>${msg("ccEmailBatchHeldBody", ccSiteName)}</strong></p>
  <table id="cc-batch" style="border-collapse: collapse; font-size: 14px;">
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchId")}</td><td><code>${ccBatchId}</code></td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchSource")}</td><td>${ccBatchSource}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchSubmitter")}</td><td>${ccBatchSubmitter}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchReason")}</td><td>${ccBatchReason}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchNewFlags")}</td><td><strong>${ccBatchNewFlags}</strong> (${msg("ccEmailBatchReceived", ccBatchReceived)})</td></tr>
    <#if ccBatchHoldReason??>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchWhyHeld")}</td><td>${ccBatchHoldReason}</td></tr>
    </#if>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchUserMessage")}</td><td id="cc-user-message">${ccBatchUserMessage!msg("ccEmailBatchCategoryText")}</td></tr>
    <#if ccBatchEvidence??>
    <tr><td style="padding: 2px 12px 2px 0; color: #555;">${msg("ccEmailBatchEvidence")}</td><td id="cc-evidence">${ccBatchEvidence}</td></tr>
    </#if>
  </table>
  <p style="margin-bottom: 2px;">${msg("ccEmailBatchSample")}</p>
  <ul id="cc-sample" style="margin-top: 0;">
    <#list ccBatchSample as subject><li><code>${subject}</code></li></#list>
    <#if (ccBatchMore > 0)><li>${msg("ccEmailBatchMore", ccBatchMore)}</li></#if>
  </ul>
  <#if ccConsoleUrl??>
  <p id="cc-console">${msg("ccEmailBatchConsole")}<br><a href="${ccConsoleUrl}">${ccConsoleUrl}</a></p>
  </#if>
  <p id="cc-how">${msg("ccEmailBatchHowTo")}</p>
  <pre style="background: #f4f4f4; padding: 8px; font-size: 12px;">POST ${ccServerUrl!""}${ccApprovePath?remove_beginning("/")}
POST ${ccServerUrl!""}${ccRejectPath?remove_beginning("/")}</pre>
</div>
</@layout.emailLayout>
